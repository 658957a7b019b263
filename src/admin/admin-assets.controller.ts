import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { assetNamed } from './assets/assets';

/** The dashboard's stylesheet and script. Public (the sign-in page needs them); names carry a content hash, so they are cached for good. */
@ApiExcludeController()
@Controller('admin/assets')
@Public()
export class AdminAssetsController {
  @Get(':name')
  file(@Param('name') name: string, @Res() response: Response): void {
    const file = assetNamed(name);
    if (!file) throw new NotFoundException('No such dashboard file.');
    response
      .status(200)
      .set({ 'Content-Type': file.contentType, 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' })
      .send(file.body);
  }
}
