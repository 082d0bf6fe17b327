// Chat images are stored by the platform's image store (server/src/platform/images.ts), shared with scoring evidence.
export { ImageStore, readRawBody } from '../../platform/images.ts';
