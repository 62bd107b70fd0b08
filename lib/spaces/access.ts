import type { AccessFilter } from '../vector-index/types';
import { type Principal, type Viewer, principalsOf, readsEverything } from './principals';

export const DEFAULT_SPACE = 'default';

/** A folder with readers (who may ask about it) and owners (who answer its escalations and get its alerts). */
export interface Space {
  name: string;
  /** The watched root it lies in; null: this folder under every watched root. */
  root: string | null;
  /** Relative to the root, ending in "/"; "" for the whole root. */
  folder: string;
  /** Open to anonymous chat; null inherits (adds no restriction of its own). */
  public: boolean | null;
  /** null inherits the enclosing spaces' readers; a list narrows them. */
  readers: Principal[] | null;
  /** null or empty: the enclosing space's owners (admins at the top). */
  owners: Principal[] | null;
  /** Who may add documents to its folder from the chat page; null or empty: admins only. Not inherited. */
  contributors: Principal[] | null;
  webhookUrl: string | null;
  /** A removed space keeps its folder restricted to admins until someone grants it again. */
  removed: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Whether space `outer` contains the document or space at (root, folderOrPath). */
function contains(outer: Space, root: string | null, pathOrFolder: string): boolean {
  if (outer.root !== null && outer.root !== root) return false;
  return pathOrFolder.startsWith(outer.folder);
}

/** Deeper first: a longer folder, then a space of one root before one of every root. */
const deeperFirst = (a: Space, b: Space) => b.folder.length - a.folder.length || Number(b.root !== null) - Number(a.root !== null);

/**
 * Who may read what, from the spaces as they are now. A document is readable when every space
 * containing it lets the viewer in — so a nested space can only narrow, and a removed one (which
 * lets nobody in) keeps its folder to admins. Filters built here are applied inside the index query.
 */
export class SpaceAccess {
  private readonly byName: Map<string, Space>;

  constructor(readonly spaces: Space[]) {
    this.byName = new Map(spaces.map((space) => [space.name.toLowerCase(), space]));
  }

  get(name: string): Space | null {
    return this.byName.get(name.toLowerCase()) ?? null;
  }

  /** Whether this one space lets the viewer in (its enclosing spaces aside). */
  private admits(space: Space, viewer: Viewer, principals: Set<Principal>): boolean {
    if (readsEverything(viewer)) return true;
    if (space.removed) return false;
    if (space.readers === null) return space.public !== false || viewer.kind === 'person';
    if (space.public === true) return true;
    return [...space.readers, ...(space.owners ?? [])].some((principal) => principals.has(principal));
  }

  /** Every space containing the document (or the space at this root and folder, itself included), deepest first. */
  spacesOf(root: string | null, path: string): Space[] {
    return this.spaces.filter((space) => contains(space, root, path)).sort(deeperFirst);
  }

  /** The space of this name and every space around its folder, deepest first; none for an unknown name. */
  private around(name: string): Space[] {
    const space = this.get(name);
    return space ? this.spacesOf(space.root, space.folder) : [];
  }

  /** The document's own space: the deepest containing it. */
  spaceOf(root: string, path: string): Space {
    return this.spacesOf(root, path)[0] ?? this.get(DEFAULT_SPACE)!;
  }

  canReadDocument(viewer: Viewer, root: string, path: string): boolean {
    const principals = principalsOf(viewer);
    return this.spacesOf(root, path).every((space) => this.admits(space, viewer, principals));
  }

  /** A space is readable when it and every space around its folder let the viewer in; an unknown one is not. */
  canReadSpace(viewer: Viewer, name: string): boolean {
    if (!this.get(name)) return readsEverything(viewer);
    const principals = principalsOf(viewer);
    return this.around(name).every((outer) => this.admits(outer, viewer, principals));
  }

  /**
   * Whether the viewer answers for the space: its owners (inherited from the nearest enclosing space
   * that names some); for a space nobody owns, every reviewer, as before spaces. Admins answer for all.
   */
  owns(viewer: Viewer, name: string): boolean {
    if (readsEverything(viewer)) return true;
    if (viewer.kind !== 'person') return false;
    const owners = this.ownersOf(name);
    if (!owners.length) return viewer.role === 'reviewer';
    const principals = principalsOf(viewer);
    return owners.some((principal) => principals.has(principal));
  }

  /** The space's owners, inherited from the nearest enclosing space that names some; empty means the reviewers and admins. */
  ownersOf(name: string): Principal[] {
    return this.around(name).find((outer) => outer.owners?.length)?.owners ?? [];
  }

  /**
   * Whether the viewer may add documents to this folder (relative to `root`, ending in "/"): admins
   * anywhere; anyone else when the innermost space holding the folder names them among its
   * contributors. Only the innermost counts, so a nested space decides for its folder alone, and a
   * removed space (which names nobody) closes its folder to all but admins.
   */
  canContribute(viewer: Viewer, root: string, folder: string): boolean {
    if (readsEverything(viewer)) return true;
    if (viewer.kind !== 'person') return false;
    const innermost = this.spacesOf(root, folder)[0];
    if (!innermost || innermost.removed) return false;
    const principals = principalsOf(viewer);
    return (innermost.contributors ?? []).some((principal) => principals.has(principal));
  }

  /** Whether the viewer may add documents anywhere at all (spares walking the watched tree for most people). */
  contributesSomewhere(viewer: Viewer): boolean {
    if (readsEverything(viewer)) return true;
    if (viewer.kind !== 'person') return false;
    const principals = principalsOf(viewer);
    return this.spaces.some((space) => !space.removed && (space.contributors ?? []).some((principal) => principals.has(principal)));
  }

  /** Where the space's alerts go: its own webhook or the nearest enclosing space's; null for the global one. */
  webhookOf(name: string): string | null {
    return this.around(name).find((outer) => !outer.removed && outer.webhookUrl)?.webhookUrl ?? null;
  }

  /** The spaces whose escalations the viewer answers. */
  ownedBy(viewer: Viewer): string[] {
    return this.spaces.filter((space) => !space.removed && this.owns(viewer, space.name)).map((space) => space.name);
  }

  /**
   * The folders the viewer may not read, as a filter for the index: null when nothing is hidden.
   * `curatedHidden` are reviewed answers (by index doc id) the viewer may not read.
   */
  filterFor(viewer: Viewer, curatedHidden: string[] = []): AccessFilter | null {
    if (readsEverything(viewer)) return null;
    const principals = principalsOf(viewer);
    const hidden = this.spaces.filter((space) => !this.admits(space, viewer, principals));
    if (!hidden.length && !curatedHidden.length) return null;
    return { excludeFolders: hidden.map((space) => ({ root: space.root, folder: space.folder })), excludeDocIds: curatedHidden };
  }
}

/** A folder as spaces store it: relative, "/"-separated, ending in "/" ("" for a whole root). */
export function normaliseFolder(folder: string): string | null {
  const parts = folder
    .replaceAll('\\', '/')
    .split('/')
    .filter((part) => part && part !== '.');
  if (parts.some((part) => part === '..')) return null;
  return parts.length ? `${parts.join('/')}/` : '';
}
