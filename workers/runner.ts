// Runs graphile-worker inside the app process, on the app's database.
import { Logger, parseCronItems, run, type Runner } from 'graphile-worker';
import type { AppLogger } from '~/.server/logger';
import { createTaskList, cronItems, STARTUP_JOBS, startupJobSpec, type WorkerDeps } from './index';

export interface WorkerHandle {
  runner: Runner;
  isRunning(): boolean;
  stop(): Promise<void>;
}

function bridgeLogger(log: AppLogger): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const fields = {
      ...(scope.taskIdentifier ? { task: scope.taskIdentifier } : {}),
      ...(scope.jobId ? { jobId: scope.jobId } : {}),
      ...(meta ?? {}),
    };
    const text = `worker: ${message}`;
    if (level === 'error') log.error(text, fields);
    else if (level === 'warning') log.warn(text, fields);
    // Per-job completion lines come every minute per venue: debug, not info.
    else if (level === 'info' && !message.startsWith('Completed task')) log.info(text, fields);
    else log.debug(text, fields);
  });
}

export async function startWorker(deps: WorkerDeps & { connectionString: string }): Promise<WorkerHandle> {
  const runner = await run({
    connectionString: deps.connectionString,
    concurrency: deps.config.workerConcurrency,
    noHandleSignals: true, // server.ts owns shutdown order
    pollInterval: 2000,
    taskList: createTaskList(deps),
    parsedCronItems: parseCronItems(cronItems),
    logger: bridgeLogger(deps.log),
  });
  if (deps.queueStartupJobs !== false && deps.funding && deps.rest) {
    // Queued, not awaited as work: start-up never waits for a venue.
    for (const { task, delayMs } of STARTUP_JOBS) await runner.addJob(task, {}, startupJobSpec(task, delayMs));
  }
  let running = true;
  runner.promise.then(
    () => (running = false),
    (err: unknown) => {
      running = false;
      deps.log.error('worker stopped with an error', { error: err });
    },
  );
  return {
    runner,
    isRunning: () => running,
    async stop() {
      if (!running) return;
      await runner.stop();
      running = false;
    },
  };
}
