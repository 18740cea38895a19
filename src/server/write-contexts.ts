import type { ChangeBus } from '../live/change-bus.js';
import type { ProjectRuntime } from '../runtime/open-project.js';
import { type WriteContextFactory, writeContextFactory } from '../writeback/write-context.js';

/** The write contexts routes hand to the pipeline: the runtime's warehouse and identities, commits published on the bus. */
export function serverWriteContexts(runtime: ProjectRuntime, bus: ChangeBus): WriteContextFactory {
  return writeContextFactory({
    driver: runtime.warehouse,
    auditSchema: () => runtime.current().config.audit.schema,
    identityFor: (principal) => runtime.identityFor(principal),
    publish: (event) => bus.publish(event),
  });
}
