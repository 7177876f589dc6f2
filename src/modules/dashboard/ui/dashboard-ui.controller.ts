import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DashboardUiService } from 'src/modules/dashboard/ui/dashboard-ui.service';
import { UI_BASE_PATH } from 'src/modules/dashboard/ui/ui-assets.util';

/** The web dashboard's static files at /ui/ (the SPA routes below it fall back to index.html). */
@ApiExcludeController()
@Controller()
export class DashboardUiController {
  constructor(private readonly ui: DashboardUiService) {}

  @Get(['ui', 'ui/*path'])
  serve(@Req() request: Request, @Res() response: Response): void {
    if (request.path === '/ui') {
      // Relative links inside the app resolve against /ui/, not /.
      response.redirect(301, UI_BASE_PATH);
      return;
    }
    const asset = this.ui.asset(request.path.slice(UI_BASE_PATH.length));
    response
      .status(200)
      .setHeader('Content-Type', asset.contentType)
      .setHeader('Cache-Control', asset.cacheControl)
      .send(asset.body);
  }
}
