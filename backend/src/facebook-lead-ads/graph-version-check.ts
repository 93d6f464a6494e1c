import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { graphVersionWarning } from '../integrations/catalog/facebook-graph-versions';
import { FacebookSettings, facebookConfig } from './facebook.config';

/** Says at start-up when the configured Graph version is about to stop working, while there is time to move. */
@Injectable()
export class GraphVersionCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(GraphVersionCheck.name);

  constructor(@Inject(facebookConfig.KEY) private readonly settings: FacebookSettings) {}

  onApplicationBootstrap(): void {
    const warning = graphVersionWarning(this.settings.graphVersion);
    if (warning) this.logger.warn(warning);
  }
}
