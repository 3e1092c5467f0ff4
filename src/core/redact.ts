/**
 * Redaction: the one place that decides what a secret looks like. A `Redactor` holds the secret
 * values known to this run (container environment values, custom attributes, the resolved AWS
 * credentials, the GitHub token) and the shapes of credentials in general (access key ids, SigV4
 * `Credential=` / `Signature=`, `X-Amz-Security-Token`, `Authorization` headers, bearer tokens, GitHub
 * and Hugging Face tokens, `AWS_SECRET_ACCESS_KEY=` lines of an environment dump, passwords in URLs,
 * private keys). It is applied at the boundaries where output leaves the process — the logger, the
 * result document before it is published or stored, the rendered report — so no caller has to
 * remember to mask.
 */

/** What replaces a secret. */
export const MASK = '***';

/**
 * Known values shorter than this are masked where they are a value of their own (the effective
 * config) but not searched for in free text: `SM_NUM_GPUS: "1"` must not mask every digit 1.
 */
const MIN_SECRET_CHARS = 8;

/** Endpoint-supplied text (error bodies, samples) keeps at most this many characters. */
const MAX_ENDPOINT_TEXT_CHARS = 300;

interface CredentialShape {
  readonly pattern: RegExp;
  /** Keeps capture group 1 (the label) and masks the rest of the match. */
  readonly keepLabel: boolean;
}

const VALUE = String.raw`[^\s"'&,;<>\\]+`;

/** Shapes of credentials, whatever their value. */
const CREDENTIAL_SHAPES: readonly CredentialShape[] = [
  // PEM private keys, whole.
  {
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    keepLabel: false,
  },
  // `Authorization: AWS4-HMAC-SHA256 Credential=…, Signature=…`, `authorization: token …` (to the line end).
  { pattern: /(\bauthorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, keepLabel: true },
  // SigV4 parts, in headers and in presigned query strings.
  {
    pattern: new RegExp(String.raw`(\b(?:X-Amz-)?(?:Credential|Signature)=)${VALUE}`, 'gi'),
    keepLabel: true,
  },
  {
    pattern: new RegExp(String.raw`(\bx-amz-security-token["']?\s*[:=]\s*["']?)${VALUE}`, 'gi'),
    keepLabel: true,
  },
  // Environment dumps and JSON credentials (`AWS_SESSION_TOKEN=…`, `"SecretAccessKey": "…"`).
  {
    pattern: new RegExp(
      String.raw`(\b(?:aws_secret_access_key|aws_session_token|aws_security_token|secret_?access_?key|session_?token|github_token|gh_token|hf_token|hugging_?face_hub_token|api_?key|password)["']?\s*[:=]\s*["']?)${VALUE}`,
      'gi',
    ),
    keepLabel: true,
  },
  { pattern: /(\bbearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, keepLabel: true },
  // AWS access key ids (long-term AKIA, temporary ASIA, and the other unique-id prefixes).
  { pattern: /\b(?:AKIA|ASIA|AROA|AIDA|ANPA|AGPA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, keepLabel: false },
  // GitHub tokens (classic, OAuth, app, refresh, fine-grained) and Hugging Face tokens.
  { pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, keepLabel: false },
  { pattern: /\bhf_[A-Za-z0-9]{20,}/g, keepLabel: false },
  // `https://user:password@host`.
  { pattern: /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^/\s@]+(?=@)/gi, keepLabel: true },
];

/** Masks secrets in text and in plain data. */
export interface Redactor {
  /**
   * Registers secret values to search for in text; values shorter than `minChars` (default
   * `MIN_SECRET_CHARS`), empty and duplicate ones are ignored.
   */
  addSecrets(values: Iterable<string | undefined>, minChars?: number): void;
  /** `text` with every known secret and every credential shape masked. */
  text(text: string): string;
  /**
   * A deep copy of plain data (objects, arrays, strings) with every string redacted; keys are kept
   * (show the key, mask the value). Encoded histograms (`histogram` fields) are left untouched.
   */
  value<T>(value: T): T;
}

export interface RedactorOptions {
  /** Told every new secret form registered (the action passes `core.setSecret`, so the runner masks it too). */
  onSecret?: ((value: string) => void) | undefined;
}

/** A redactor knowing `secrets` (more can be added as they are resolved). */
export function createRedactor(
  secrets: Iterable<string | undefined> = [],
  options: RedactorOptions = {},
): Redactor {
  const known = new Set<string>();
  let ordered: string[] = [];
  const redactor: Redactor = {
    addSecrets(values, minChars = MIN_SECRET_CHARS) {
      let changed = false;
      for (const value of values) {
        for (const form of secretForms(value, minChars)) {
          if (known.has(form)) continue;
          known.add(form);
          options.onSecret?.(form);
          changed = true;
        }
      }
      // Longest first, so a secret containing another is masked whole.
      if (changed) ordered = [...known].sort((a, b) => b.length - a.length);
    },
    text(text) {
      let out = text;
      for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(MASK);
      for (const shape of CREDENTIAL_SHAPES)
        out = out.replace(shape.pattern, (match: string, label: unknown) =>
          shape.keepLabel && typeof label === 'string' ? `${label}${MASK}` : MASK,
        );
      return out;
    },
    value<T>(value: T): T {
      return redactDeep(value, redactor) as T;
    },
  };
  redactor.addSecrets(secrets);
  return redactor;
}

/** A secret as it may appear in output: as is, URL-encoded, JSON-escaped. */
function secretForms(value: string | undefined, minChars: number): string[] {
  if (value === undefined) return [];
  const trimmed = value.trim();
  if (trimmed.length < Math.max(minChars, 1)) return [];
  return [...new Set([trimmed, encodeURIComponent(trimmed), JSON.stringify(trimmed).slice(1, -1)])];
}

const ENCODED_HISTOGRAM = /^[A-Za-z0-9+/=]*$/;

function redactDeep(value: unknown, redactor: Redactor, key?: string): unknown {
  if (typeof value === 'string')
    return key === 'histogram' && ENCODED_HISTOGRAM.test(value) ? value : redactor.text(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redactor));
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redactor, k);
  return out;
}

// Control characters except tab and newline, plus the bidirectional overrides that reorder text.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Endpoint-supplied text (an error body, a response sample) made safe to keep: control characters
 * removed, secrets masked, then cut to `maxChars`. Escaping for markdown/HTML/CSV stays with the
 * renderer of each format.
 */
export function sanitizeEndpointText(
  text: string,
  redactor: Redactor,
  maxChars = MAX_ENDPOINT_TEXT_CHARS,
): string {
  const clean = redactor.text(text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, ''));
  return clean.length <= maxChars ? clean : `${clean.slice(0, maxChars - 1)}…`;
}

/**
 * Credentials from the environment shorter than this are placeholders (a local emulator's
 * `emulator`), not secrets: real AWS secret keys have 40 characters, session and GitHub tokens more.
 * Masking them would mask ordinary words. Access key ids are caught by their shape instead.
 */
export const MIN_ENVIRONMENT_SECRET_CHARS = 16;

/** The secrets of a process environment: the AWS credentials and the tokens it holds. */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const names = [
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_SECURITY_TOKEN',
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'INPUT_GITHUB-TOKEN',
    'ACTIONS_RUNTIME_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'HF_TOKEN',
    'HUGGING_FACE_HUB_TOKEN',
  ];
  return names
    .map((name) => env[name])
    .filter((v): v is string => v !== undefined && v.length >= MIN_ENVIRONMENT_SECRET_CHARS);
}

const SHAPES_ONLY = createRedactor();

/**
 * `text` with every credential shape masked (no known values): the last pass over rendered output
 * (report files, the comment, the job summary) whatever produced it — `report` and `compare` render
 * result files that no run of this process redacted.
 */
export function redactCredentialShapes(text: string): string {
  return SHAPES_ONLY.text(text);
}
