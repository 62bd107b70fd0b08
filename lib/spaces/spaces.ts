import { type CuratedAnswer, type CuratedStore, curatedDocId, curatedIdOf } from '../answer/curated';
import type { Registry } from '../registry';
import type { AccessFilter } from '../vector-index/types';
import { DEFAULT_SPACE, type SpaceAccess } from './access';
import { type Viewer, readsEverything, viewerKey } from './principals';
import type { SpaceStore } from './space-store';

const HIDDEN_TTL_MS = 5000;

/** Whether the asker may read a document, by where it lies. */
export type CanRead = (doc: { root: string; path: string }) => boolean;

/** A cited or retrieved passage, as far as access cares: which document, or which reviewed answer. */
export interface Located {
  docId: string;
  root: string;
  path: string;
  sourceType?: string;
}

/**
 * Access as it is right now, for every reader of documents and reviewed answers in one process.
 * The spaces are re-read when their version (the newest audit row) moved, which is checked on
 * every call: a change made by the CLI or another process applies to the very next request.
 */
export class Spaces {
  private cached: { version: number; access: SpaceAccess } | null = null;
  private hiddenCurated = new Map<string, { stamp: string; ids: string[] }>();

  constructor(
    readonly store: SpaceStore,
    private readonly curated: CuratedStore,
    private readonly registry: () => Registry,
  ) {}

  access(): SpaceAccess {
    const version = this.store.version();
    if (this.cached?.version !== version) {
      this.cached = { version, access: this.store.access() };
      this.hiddenCurated.clear();
    }
    return this.cached.access;
  }

  /** What the viewer may not read, for the index query (null: everything is readable). */
  filterFor(viewer: Viewer): AccessFilter | null {
    if (readsEverything(viewer)) return null;
    const access = this.access();
    return access.filterFor(viewer, this.hiddenCuratedFor(viewer));
  }

  canReadDocument(viewer: Viewer, doc: { root: string; path: string }): boolean {
    return readsEverything(viewer) || this.access().canReadDocument(viewer, doc.root, doc.path);
  }

  /** `canReadDocument` for many documents (a status page, a document route): the spaces are read once. */
  readerFor(viewer: Viewer): CanRead {
    if (readsEverything(viewer)) return () => true;
    const access = this.access();
    return (doc) => access.canReadDocument(viewer, doc.root, doc.path);
  }

  /**
   * A reviewed answer is readable when every space it belongs to is, and every document it was
   * based on still is (so a folder narrowed after the review narrows its answers too).
   */
  canReadCurated(viewer: Viewer, entry: Pick<CuratedAnswer, 'spaces' | 'basedOn'>): boolean {
    if (readsEverything(viewer)) return true;
    const access = this.access();
    if (!(entry.spaces ?? [DEFAULT_SPACE]).every((name) => access.canReadSpace(viewer, name))) return false;
    return entry.basedOn.every((source) => this.canReadSource(viewer, source.docId));
  }

  /** Whether the viewer may read the document of this id where it is now; one that is gone hides nothing. */
  canReadSource(viewer: Viewer, docId: string): boolean {
    const doc = this.registry().get(docId);
    return !doc || this.canReadDocument(viewer, doc);
  }

  /** The passages the viewer may read, and whether that is all of them (a draft quoting the others is withheld). */
  readable<T extends Located>(viewer: Viewer, passages: T[]): { passages: T[]; all: boolean } {
    const kept = passages.filter((passage) => this.canReadPassage(viewer, passage));
    return { passages: kept, all: kept.length === passages.length };
  }

  /** Whether every passage is readable: document passages by their folder, reviewed answers by their spaces. */
  canReadAll(viewer: Viewer, passages: Located[]): boolean {
    if (readsEverything(viewer)) return true;
    return passages.every((passage) => this.canReadPassage(viewer, passage));
  }

  canReadPassage(viewer: Viewer, passage: Located): boolean {
    if (readsEverything(viewer)) return true;
    if (passage.sourceType === 'curated') {
      const entry = this.curated.get(curatedIdOf(passage.docId) ?? '');
      return entry !== null && this.canReadCurated(viewer, entry);
    }
    return this.access().canReadDocument(viewer, passage.root, passage.path);
  }

  /** The spaces of these passages' documents, nearest first, each once (reviewed answers bring theirs). */
  spacesOf(passages: Located[]): string[] {
    const access = this.access();
    const names: string[] = [];
    for (const passage of passages) {
      const own =
        passage.sourceType === 'curated'
          ? (this.curated.get(curatedIdOf(passage.docId) ?? '')?.spaces ?? [DEFAULT_SPACE])
          : [access.spaceOf(passage.root, passage.path).name];
      for (const name of own) if (!names.includes(name)) names.push(name);
    }
    return names;
  }

  /** Where an escalation with these sources goes: its closest source's space (owners answer it), and every space they are in. */
  routeFor(sources: Located[]): { space: string; spaces: string[] } {
    const spaces = this.spacesOf(sources);
    return { space: spaces[0] ?? DEFAULT_SPACE, spaces: spaces.length ? spaces : [DEFAULT_SPACE] };
  }

  private hiddenCuratedFor(viewer: Viewer): string[] {
    // Reviewed answers change rarely: the list is recomputed when one changes (a source that moved
    // rewrites its answer's sources), or after a few seconds for documents that moved on their own.
    const stamp = `${this.curated.stamp()}|${Math.floor(Date.now() / HIDDEN_TTL_MS)}`;
    const key = viewerKey(viewer);
    const cached = this.hiddenCurated.get(key);
    if (cached?.stamp === stamp) return cached.ids;
    const ids = this.curated
      .list('all')
      .filter((entry) => !this.canReadCurated(viewer, entry))
      .map((entry) => curatedDocId(entry.id));
    if (this.hiddenCurated.size > 1000) this.hiddenCurated.clear();
    this.hiddenCurated.set(key, { stamp, ids });
    return ids;
  }
}
