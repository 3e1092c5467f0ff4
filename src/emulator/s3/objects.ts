/**
 * The S3 surface's storage: buckets of objects in memory, per emulator, with ListObjectsV2's
 * ordering, prefix, delimiter and continuation semantics.
 */
import { createHash } from 'node:crypto';

export interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModifiedMs: number;
}

export interface ListPage {
  contents: { key: string; object: StoredObject }[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken: string | undefined;
}

/** All buckets of one emulator. */
export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();

  createBucket(bucket: string): boolean {
    if (this.buckets.has(bucket)) return false;
    this.buckets.set(bucket, new Map());
    return true;
  }

  hasBucket(bucket: string): boolean {
    return this.buckets.has(bucket);
  }

  put(bucket: string, key: string, body: Buffer, contentType: string, nowMs: number): StoredObject {
    const object: StoredObject = {
      body,
      contentType,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      lastModifiedMs: nowMs,
    };
    this.buckets.get(bucket)?.set(key, object);
    return object;
  }

  delete(bucket: string, key: string): void {
    this.buckets.get(bucket)?.delete(key);
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  /** Keys in UTF-8 binary order (as S3 lists them), after `startAfter`, grouped by `delimiter`. */
  list(
    bucket: string,
    options: { prefix: string; delimiter: string; maxKeys: number; startAfter: string },
  ): ListPage {
    const keys = [...(this.buckets.get(bucket)?.keys() ?? [])]
      .filter((k) => k.startsWith(options.prefix) && k > options.startAfter)
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const page: ListPage = {
      contents: [],
      commonPrefixes: [],
      isTruncated: false,
      nextContinuationToken: undefined,
    };
    let last = '';
    for (const key of keys) {
      if (page.contents.length + page.commonPrefixes.length >= options.maxKeys) {
        page.isTruncated = true;
        page.nextContinuationToken = Buffer.from(last).toString('base64');
        break;
      }
      const rest = key.slice(options.prefix.length);
      const cut = options.delimiter ? rest.indexOf(options.delimiter) : -1;
      if (cut >= 0) {
        const common = options.prefix + rest.slice(0, cut + options.delimiter.length);
        if (page.commonPrefixes.at(-1) !== common) page.commonPrefixes.push(common);
      } else {
        page.contents.push({ key, object: this.get(bucket, key) as StoredObject });
      }
      last = key;
    }
    return page;
  }
}
