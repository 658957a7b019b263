import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { ASSETS_ROUTE, TrackingAssets } from './assets/tracking-assets';

/** The tracking page's stylesheet and script. Public, like the page; names carry a content hash, so they are cached for a year. */
@Public()
@ApiExcludeController()
@Controller(ASSETS_ROUTE)
export class TrackingAssetsController {
  constructor(private readonly assets: TrackingAssets) {}

  @Get(':name')
  serve(@Param('name') name: string, @Res() response: Response): void {
    const file = this.assets.named(name);
    if (!file) throw new NotFoundException('No such file.');
    response
      .status(200)
      .set({ 'Content-Type': file.contentType, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' })
      .send(file.body);
  }
}
