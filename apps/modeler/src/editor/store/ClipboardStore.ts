import type { ClipboardContent } from "@flowstate/model";

/** Where copied elements wait for a paste; shared by every editor so paste works across processes. */
export interface ClipboardStore {
  read(): ClipboardContent | undefined;
  write(content: ClipboardContent): void;
}

/** A clipboard in memory (tests, and the fallback when storage is unavailable). */
export function memoryClipboard(): ClipboardStore {
  let content: ClipboardContent | undefined;
  return {
    read: () => (content ? structuredClone(content) : undefined),
    write: (c) => {
      content = structuredClone(c);
    },
  };
}

/** A clipboard in `localStorage`, so a copy in one tab can be pasted in another. */
export function storageClipboard(storage: Storage, key = "flowstate.clipboard"): ClipboardStore {
  const memory = memoryClipboard();
  return {
    read: () => {
      try {
        const text = storage.getItem(key);
        return text ? (JSON.parse(text) as ClipboardContent) : memory.read();
      } catch {
        return memory.read();
      }
    },
    write: (c) => {
      memory.write(c);
      try {
        storage.setItem(key, JSON.stringify(c));
      } catch {
        // storage full or disabled: the in-memory copy still works in this tab
      }
    },
  };
}
