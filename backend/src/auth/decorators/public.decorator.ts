import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'isPublic';

/** Opts a route out of the global authentication guard; everything else is private by default. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
