import { type Db, nowSeconds } from './db';
import { describeError } from './errors';

const MAX_ATTEMPTS = 8;

/**
 * Announces new escalations and pipeline failures to DOCENT_ALERT_WEBHOOK_URL, or to the webhook of
 * the space they concern, as a JSON POST with a `text` field (what a Slack incoming webhook expects). Alerts go through a persisted outbox:
 * sending never blocks the caller, a failed delivery is retried with backoff and logged, and a
 * restart resumes what was not delivered.
 */
export class AlertNotifier {
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  /**
   * `webhookOf` names a space's own webhook (lib/spaces), asked when an alert is sent, so a retry
   * follows a webhook changed meanwhile and the outbox keeps no copy of it.
   */
  constructor(
    private readonly db: Db,
    private readonly webhookUrl: string | undefined,
    private readonly log: (message: string) => void = () => undefined,
    private readonly timeoutMs = 10_000,
    private readonly webhookOf: (space: string) => string | null = () => null,
  ) {}

  private urlFor(space: string | null): string | undefined {
    return (space ? this.webhookOf(space) : null) ?? this.webhookUrl;
  }

  /** Queues an alert for the webhook of the space it concerns (`payload.space`), or the global one. */
  notify(text: string, payload: Record<string, unknown> & { space?: string } = {}): void {
    const space = payload.space ?? null;
    if (!this.urlFor(space)) return;
    try {
      this.db
        .prepare('insert into alerts_outbox(text, payload, space, next_attempt_at, created_at) values (?, ?, ?, ?, ?)')
        .run(text, JSON.stringify(payload), space, nowSeconds(), nowSeconds());
    } catch (error) {
      this.log(`docent: could not queue an alert: ${describeError(error)}`);
      return;
    }
    void this.flush();
  }

  /** Delivers what is due; concurrent calls share one run. */
  flush(): Promise<void> {
    this.flushing ??= this.deliverDue().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async deliverDue(): Promise<void> {
    const due = this.db.prepare('select * from alerts_outbox where next_attempt_at <= ? order by id limit 20').all(nowSeconds()) as {
      id: number;
      text: string;
      payload: string | null;
      space: string | null;
      attempts: number;
    }[];
    for (const alert of due) {
      const url = this.urlFor(alert.space);
      // Its webhook has since been unset: nobody is to receive it.
      if (!url) {
        this.db.prepare('delete from alerts_outbox where id = ?').run(alert.id);
        continue;
      }
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: alert.text, ...(alert.payload ? (JSON.parse(alert.payload) as object) : {}) }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
        this.db.prepare('delete from alerts_outbox where id = ?').run(alert.id);
      } catch (error) {
        const attempts = alert.attempts + 1;
        if (attempts >= MAX_ATTEMPTS) {
          this.db.prepare('delete from alerts_outbox where id = ?').run(alert.id);
          this.log(`docent: gave up delivering an alert after ${attempts} attempts (${describeError(error)}): ${alert.text}`);
          continue;
        }
        const delay = Math.min(3600, 5 * 2 ** alert.attempts);
        this.db
          .prepare('update alerts_outbox set attempts = ?, next_attempt_at = ?, last_error = ? where id = ?')
          .run(attempts, nowSeconds() + delay, describeError(error), alert.id);
        this.log(`docent: alert delivery failed (${describeError(error)}); retrying in ${delay} s`);
      }
    }
    this.schedule();
  }

  private schedule(): void {
    const next = this.db.prepare('select min(next_attempt_at) as next from alerts_outbox').get() as { next: number | null };
    if (next.next === null || this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.flush();
      },
      Math.max(100, (next.next - nowSeconds()) * 1000),
    );
    this.timer.unref();
  }

  pending(): number {
    return (this.db.prepare('select count(*) as n from alerts_outbox').get() as { n: number }).n;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
