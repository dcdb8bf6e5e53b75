export { badRequest, forbidden, HttpError, notFound, parseBody, route, sendError, zodMessage } from './errors.ts';
export { installHttpBasics } from './server.ts';
export { adminGuard } from './admin.ts';
export { mountFiles, type StaticFile } from './files.ts';
