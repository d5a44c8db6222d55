// The image tooling the system tests use: read infra/docker/Dockerfile, replay it, run its apps as
// containers would; or build the real image with Buildah and run it with runc. One entry, so other
// projects import one path (eslint.config.mjs allows it).
export { readImagePlan, type ImagePlan } from './image-plan';
export { replayDebianPackages, replayEnvironment, replayInstall, type ReplayedImage } from './image-replay';
export { startContainer, type ContainerSpec, type RunningContainer } from './container-process';
export { type ExecResult, type StopResult } from './process-lines';
export { ensureOciTools, type OciTools } from './oci-tools';
export { buildImage } from './build-image';
export { imageConfig, mountImage, runcContainer, type ImageConfig, type MountedImage } from './runc-container';
