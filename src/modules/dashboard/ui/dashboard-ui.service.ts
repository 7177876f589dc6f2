import { Injectable, Logger } from '@nestjs/common';
import { join } from 'node:path';
import { AppError } from 'src/common/errors/app-error';
import {
  findUiRoot,
  loadUiAssets,
  resolveUiRequest,
  type UiAsset,
} from 'src/modules/dashboard/ui/ui-assets.util';

/**
 * The built web app (web/ → dist/web/ by `npm run build`), held in memory: it is a few hundred
 * KiB and never changes while the process runs.
 */
@Injectable()
export class DashboardUiService {
  private readonly logger = new Logger(DashboardUiService.name);
  private readonly assets: Map<string, UiAsset> | null;

  constructor() {
    // dist/modules/dashboard/ui → dist/web; under ts-jest src/modules/dashboard/ui → dist/web.
    const root = findUiRoot([
      join(__dirname, '..', '..', '..', 'web'),
      join(__dirname, '..', '..', '..', '..', 'dist', 'web'),
    ]);
    this.assets = root ? loadUiAssets(root) : null;
    if (!root) {
      this.logger.warn('The dashboard is not built (no dist/web/index.html): run npm run build');
    }
  }

  /** The file for a path below /ui/ (deep links get index.html). */
  asset(subPath: string): UiAsset {
    if (!this.assets) {
      throw new AppError(
        'UI_NOT_BUILT',
        'The dashboard is not built in this installation: run npm run build',
        503,
      );
    }
    const answer = resolveUiRequest(this.assets, subPath);
    if (answer.kind === 'missing') {
      throw new AppError('UI_ASSET_NOT_FOUND', 'No such dashboard file', 404);
    }
    return answer.asset;
  }
}
