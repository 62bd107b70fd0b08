import { backupDrill } from './backup-drill';
import { crashTest } from './crash';
import { canMount, diskTest } from './disk';
import { fuzzTest } from './fuzz';
import { hostileFilesTest } from './hostile';
import { leaksTest } from './leaks';
import { llmOutageTest, qdrantOutageTest } from './outages';

type Mode = 'quick' | 'full';
type Log = (message: string) => void;

/** Every fault test, with the sizes of its quick and full modes. */
export const FAULTS: Record<string, (mode: Mode, log: Log) => Promise<unknown>> = {
  crash: (mode, log) => crashTest({ documents: mode === 'full' ? 500 : 80, kills: mode === 'full' ? 20 : 4, churn: false, log }),
  'crash-churn': (mode, log) => crashTest({ documents: mode === 'full' ? 500 : 80, kills: mode === 'full' ? 20 : 4, churn: true, seed: 7, log }),
  'qdrant-outage': (mode, log) => qdrantOutageTest({ outageMs: mode === 'full' ? 60_000 : 6_000, documents: mode === 'full' ? 60 : 12, log }),
  'llm-outage': (mode) => llmOutageTest({ timeoutS: mode === 'full' ? 30 : 2 }),
  disk: async (mode, log) => {
    const mount = canMount();
    if (!mount.ok) throw new Error(`The disk fault test needs to mount a tmpfs: ${mount.reason}.`);
    return diskTest({ documents: mode === 'full' ? 300 : 120, log });
  },
  'backup-drill': (mode, log) => backupDrill({ documents: mode === 'full' ? 200 : 30, arriving: mode === 'full' ? 100 : 20, log }),
  'hostile-files': (_mode, log) => hostileFilesTest({ log }),
  fuzz: (mode, log) => fuzzTest({ mutants: mode === 'full' ? 3000 : 150, timeoutS: 10, memoryMb: 512, log }),
  leaks: (mode, log) => leaksTest({ mode, log }),
};
