/**
 * The shapes of the objects kubecheck prints after decoding them into their Go types: only the
 * fields the chart's checks read. Everything is optional that Kubernetes lets be absent, so a
 * check that forgets the absence does not compile.
 */
export interface Rendered {
  /** The template it came from (helm's `# Source:` line). */
  readonly source: string;
  readonly object: KubeObject;
}

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly data?: Readonly<Record<string, string>>;
  readonly spec?: unknown;
}

export interface SecurityContext {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly readOnlyRootFilesystem?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly privileged?: boolean;
  readonly capabilities?: { readonly drop?: readonly string[]; readonly add?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
}

export interface EnvEntry {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } };
}

interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port?: string | number };
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvEntry[];
  readonly envFrom?: readonly { readonly configMapRef?: { readonly name: string }; readonly secretRef?: { readonly name: string } }[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string>>;
    readonly limits?: Readonly<Record<string, string>>;
  };
  readonly securityContext?: SecurityContext;
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}

export interface PodSpec {
  readonly automountServiceAccountToken?: boolean;
  readonly securityContext?: SecurityContext;
  readonly containers: readonly Container[];
  readonly volumes?: readonly { readonly name: string; readonly emptyDir?: object }[];
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
}

export interface Workload extends KubeObject {
  readonly spec: {
    readonly replicas?: number;
    readonly template: { readonly spec: PodSpec; readonly metadata?: { readonly labels?: Readonly<Record<string, string>> } };
  };
}

export interface NetworkPolicy extends KubeObject {
  readonly spec: {
    readonly podSelector: { readonly matchLabels?: Readonly<Record<string, string>>; readonly matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[] };
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly { readonly from?: readonly object[]; readonly ports?: readonly object[] }[];
  };
}

export interface ScaleTarget extends KubeObject {
  readonly spec: { readonly scaleTargetRef: { readonly name: string } };
}

export function ofKind<T extends KubeObject>(objects: readonly Rendered[], kind: string): T[] {
  return objects.filter((rendered) => rendered.object.kind === kind).map((rendered) => rendered.object as T);
}

/** The app a chart object belongs to: its `app.kubernetes.io/component` label. */
export function componentOf(object: KubeObject): string {
  const component = object.metadata.labels?.['app.kubernetes.io/component'];
  if (component === undefined) throw new Error(`${object.kind} ${object.metadata.name} has no app.kubernetes.io/component label`);
  return component;
}
