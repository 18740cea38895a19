import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that run longest, longest first (measured on a 2-core machine; update
 * when the test run's tail grows). Starting them first keeps both workers busy
 * to the end of a group: a fresh clone has no timings of its own, and by file
 * size the 16 × 100 increments came last, one worker running it alone.
 */
const LONGEST = [
  'test/http/concurrent-increments.test.ts',
  'test/security/attack-streams.test.ts',
  'test/writeback/set-based-changesets.test.ts',
  'test/cli/cli-help.test.ts',
  'test/security/attack-writes.test.ts',
  'test/security/attack-csrf.test.ts',
  'test/cli/cli.test.ts',
  'test/security/attack-tenancy.test.ts',
  'test/http/row-comments.test.ts',
  'test/cli/cli-export.test.ts',
  'test/http/approval-inbox.test.ts',
];

/** Vitest's order (projects and groups as configured), with the known longest files of each project first. */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = LONGEST.indexOf(relative(spec.project.config.root, spec.moduleId).replaceAll('\\', '/'));
      return index < 0 ? LONGEST.length : index;
    };
    // Vitest's order keeps each project's files together: reorder within each such run only.
    const runs: TestSpecification[][] = [];
    for (const spec of sorted) {
      const last = runs.at(-1);
      if (last && last[0]!.project === spec.project) last.push(spec);
      else runs.push([spec]);
    }
    return runs
      .flatMap((run) => run.map((spec, position) => ({ spec, position })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.position - b.position))
      .map(({ spec }) => spec);
  }
}
