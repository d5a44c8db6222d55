import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { assignments, execForm, flagOf, parseDockerfile, stageChain, stageNamed, words, type Dockerfile, type Instruction, type Stage } from './dockerfile';

export const DOCKERFILE = join('infra', 'docker', 'Dockerfile');

/** A step that builds the image's application folder, as the Dockerfile orders them. */
export type InstallStep =
  /** Copy from the build context (`from: 'context'`) or from the build stage's tree. */
  | { readonly kind: 'copy'; readonly from: 'context' | 'build'; readonly sources: readonly string[]; readonly destination: string; readonly line: number }
  /** `npm <args>` in the application folder (`npm ci --omit=dev …`). */
  | { readonly kind: 'npm'; readonly args: readonly string[]; readonly line: number };

/** What the final stage says about running the image. */
export interface RuntimeSpec {
  /** Where the application folder lies in the image (`/app`), also the working directory. */
  readonly root: string;
  /** `ENV` of the final stage, unexpanded (`PATH=/app/bin:$PATH`). */
  readonly env: ReadonlyMap<string, string>;
  /** `USER`, as written (`10001:10001`). */
  readonly user: string;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  /** The `HEALTHCHECK CMD`, exec form. */
  readonly healthcheck: readonly string[];
  readonly stopSignal: string | undefined;
  readonly labels: ReadonlyMap<string, string>;
  /** Debian packages the final stage installs with apt-get, as pinned (`tini=0.19.0-1+b3`). */
  readonly debianPackages: readonly string[];
}

/** The image infra/docker/Dockerfile builds, as the steps that make its application folder and how it runs. */
export interface ImagePlan {
  readonly dockerfile: Dockerfile;
  /** The stage whose folder the final stage copies (`production`). */
  readonly installStage: Stage;
  /** The stage its `COPY --from` lines copy built output from (`build`). */
  readonly buildStage: Stage;
  readonly steps: readonly InstallStep[];
  readonly runtime: RuntimeSpec;
}

function fail(instruction: Instruction, why: string): never {
  throw new Error(`${DOCKERFILE} line ${instruction.line}: ${instruction.keyword} ${instruction.text}: ${why}`);
}

function workdirOf(stages: readonly Stage[]): string {
  const workdirs = stages.flatMap((stage) => stage.instructions.filter((instruction) => instruction.keyword === 'WORKDIR'));
  const last = workdirs.at(-1);
  if (last === undefined) throw new Error(`${DOCKERFILE}: stage ${stages.at(-1)?.name ?? '?'} sets no WORKDIR`);
  return last.text;
}

/** Every instruction the install stage runs, its bases' first, read as copies and npm commands. */
function installSteps(dockerfile: Dockerfile, installStage: Stage, root: string): { steps: InstallStep[]; buildStage: Stage } {
  let buildStage: Stage | undefined;
  const steps: InstallStep[] = [];
  for (const stage of stageChain(dockerfile, installStage)) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'WORKDIR') {
        if (instruction.text !== root) fail(instruction, `the application folder is ${root}`);
      } else if (instruction.keyword === 'COPY') {
        const from = flagOf(instruction, 'from');
        if (from !== undefined) buildStage ??= stageNamed(dockerfile, from);
        if (from !== undefined && from !== buildStage?.name) fail(instruction, `copies from a second stage (${buildStage?.name ?? '?'} already)`);
        const paths = words(instruction.text);
        const destination = paths.pop();
        if (destination === undefined || paths.length === 0) fail(instruction, 'names no source');
        steps.push({ kind: 'copy', from: from === undefined ? 'context' : 'build', sources: paths, destination, line: instruction.line });
      } else if (instruction.keyword === 'RUN') {
        const command = words(instruction.text);
        if (command[0] !== 'npm' || command.some((word) => /[;&|<>$`]/.test(word))) fail(instruction, 'the replay runs npm commands only');
        steps.push({ kind: 'npm', args: command.slice(1), line: instruction.line });
      } else fail(instruction, 'the replay does not know this instruction in the install stages');
    }
  }
  if (buildStage === undefined) throw new Error(`${DOCKERFILE}: stage ${installStage.name ?? '?'} copies nothing from a build stage`);
  return { steps, buildStage };
}

function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

function exec(stage: Stage, keyword: string): string[] {
  const instruction = lastOf(stage, keyword);
  if (instruction === undefined) throw new Error(`${DOCKERFILE}: the final stage has no ${keyword}`);
  const form = execForm(instruction.text);
  return form ?? fail(instruction, 'use the exec form (a JSON array): the shell form would put sh between tini and the app');
}

function runtimeSpec(final: Stage, root: string): RuntimeSpec {
  const env = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const instruction of final.instructions) {
    const into = instruction.keyword === 'ENV' ? env : instruction.keyword === 'LABEL' ? labels : undefined;
    for (const [name, value] of into === undefined ? [] : assignments(instruction.text)) into?.set(name, value ?? '');
  }
  const healthcheck = lastOf(final, 'HEALTHCHECK');
  const healthCommand = healthcheck === undefined ? undefined : execForm(healthcheck.text.replace(/^CMD\s+/, ''));
  if (healthcheck === undefined || healthCommand === undefined) throw new Error(`${DOCKERFILE}: the final stage needs a HEALTHCHECK CMD [...]`);
  const debianPackages = final.instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .flatMap((instruction) => [...instruction.text.matchAll(/apt-get install ((?:\s*[^&;|\s]+)+)/g)])
    .flatMap((match) => words(match[1] ?? '').filter((word) => !word.startsWith('-')));
  return {
    root,
    env,
    user: lastOf(final, 'USER')?.text ?? 'root',
    entrypoint: exec(final, 'ENTRYPOINT'),
    cmd: exec(final, 'CMD'),
    healthcheck: healthCommand,
    stopSignal: lastOf(final, 'STOPSIGNAL')?.text,
    labels,
    debianPackages,
  };
}

/**
 * Reads infra/docker/Dockerfile as the steps that fill the application folder and the final
 * stage's settings. Throws on anything it could not replay faithfully (a RUN that is not npm, a
 * second source stage), so the Dockerfile cannot grow a step the replay silently skips.
 */
export function readImagePlan(repoRoot: string): ImagePlan {
  const dockerfile = parseDockerfile(readFileSync(join(repoRoot, DOCKERFILE), 'utf8'));
  const final = dockerfile.stages.at(-1);
  if (final === undefined) throw new Error(`${DOCKERFILE} has no stage`);
  const root = workdirOf([final]);
  // The final stage takes the whole application folder from one stage: that stage is what the replay builds.
  const copies = final.instructions.filter((instruction) => instruction.keyword === 'COPY');
  const whole = copies.find((instruction) => {
    const paths = words(instruction.text);
    return flagOf(instruction, 'from') !== undefined && paths.length === 2 && paths.every((path) => posix.normalize(path) === root);
  });
  const from = whole === undefined ? undefined : flagOf(whole, 'from');
  if (from === undefined || copies.length !== 1) throw new Error(`${DOCKERFILE}: the final stage must copy ${root} from one stage, and nothing else`);
  const installStage = stageNamed(dockerfile, from);
  const { steps, buildStage } = installSteps(dockerfile, installStage, root);
  if (workdirOf(stageChain(dockerfile, buildStage)) !== root) throw new Error(`${DOCKERFILE}: stage ${buildStage.name ?? '?'} must build in ${root} too`);
  return { dockerfile, installStage, buildStage, steps, runtime: runtimeSpec(final, root) };
}
