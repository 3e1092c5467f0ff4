// Types of scripts/readme-sync.mjs, for the tests that import it.
export function inputsTable(actionYaml: string): string;
export function outputsTable(actionYaml: string): string;
export function replaceSection(readme: string, name: string, body: string): string;
export function generatedSection(text: string, name: string): string;
export function sampleExcerpt(sampleComment: string): string;
export function syncReadme(readme: string, actionYaml: string, sampleComment: string): string;
export function syncReports(reports: string, sampleComment: string): string;
export function sampleFromComment(comment: string, demoDir: string): string;
