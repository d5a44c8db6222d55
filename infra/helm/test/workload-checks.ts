import type { Container, NetworkPolicy, PodSpec, SecurityContext, Workload } from './rendered-objects';

/**
 * What every pod of the chart must be, as a list of problems (empty when it is): probes on the
 * apps' health endpoints, requests and limits, and a locked-down security context.
 */
export function podProblems(workload: Workload, { probes }: { readonly probes: boolean }): string[] {
  const name = `${workload.kind} ${workload.metadata.name}`;
  const pod: PodSpec = workload.spec.template.spec;
  const problems: string[] = [];
  if (pod.automountServiceAccountToken !== false) problems.push(`${name}: mounts a service account token`);
  if (pod.hostNetwork === true || pod.hostPID === true) problems.push(`${name}: shares the host's network or processes`);
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${name}: the pod may run as root`);
  if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${name}: the pod has no RuntimeDefault seccomp profile`);
  const tmpVolumes = new Set((pod.volumes ?? []).filter((volume) => volume.emptyDir !== undefined).map((volume) => volume.name));
  for (const container of pod.containers) {
    const where = `${name} container ${container.name}`;
    problems.push(...securityProblems(where, container.securityContext));
    problems.push(...resourceProblems(where, container));
    if (probes) problems.push(...probeProblems(where, container));
    const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
    if (tmp === undefined || !tmpVolumes.has(tmp.name)) problems.push(`${where}: /tmp is not a writable emptyDir (the root filesystem is read-only)`);
  }
  return problems;
}

function securityProblems(where: string, context: SecurityContext | undefined): string[] {
  const problems: string[] = [];
  if (context?.runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
  if (context?.runAsUser === 0) problems.push(`${where}: runs as user 0`);
  if (context?.readOnlyRootFilesystem !== true) problems.push(`${where}: the root filesystem is writable`);
  if (context?.allowPrivilegeEscalation !== false) problems.push(`${where}: privilege escalation is allowed`);
  if (context?.privileged === true) problems.push(`${where}: is privileged`);
  if (!(context?.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where}: does not drop every capability`);
  if ((context?.capabilities?.add ?? []).length > 0) problems.push(`${where}: adds capabilities`);
  return problems;
}

function resourceProblems(where: string, container: Container): string[] {
  const problems: string[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      if (container.resources?.[kind]?.[resource] === undefined) problems.push(`${where}: no ${resource} ${kind}`);
    }
  }
  return problems;
}

function probeProblems(where: string, container: Container): string[] {
  const problems: string[] = [];
  if (container.livenessProbe?.httpGet?.path !== '/health/live') problems.push(`${where}: the liveness probe is not GET /health/live`);
  if (container.readinessProbe?.httpGet?.path !== '/health/ready') problems.push(`${where}: the readiness probe is not GET /health/ready`);
  return problems;
}

/**
 * An ingress rule without `from` (or with an empty one) admits every source: a values list left
 * empty must render no rule at all, never that.
 */
export function openRules(policies: readonly NetworkPolicy[]): string[] {
  return policies.flatMap((policy) =>
    (policy.spec.ingress ?? []).filter((rule) => (rule.from ?? []).length === 0).map(() => `NetworkPolicy ${policy.metadata.name} has a rule that admits every source`),
  );
}

/** The components a policy's pod selector names (`In` over app.kubernetes.io/component, or its matchLabels). */
export function selectedComponents(policy: NetworkPolicy): readonly string[] {
  const label = policy.spec.podSelector.matchLabels?.['app.kubernetes.io/component'];
  if (label !== undefined) return [label];
  return policy.spec.podSelector.matchExpressions?.find((expression) => expression.key === 'app.kubernetes.io/component' && expression.operator === 'In')?.values ?? [];
}
