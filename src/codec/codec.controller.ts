import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AcceptsSession } from '../auth/accepts-session.decorator';
import { Roles } from '../auth/roles.decorator';
import { CodecRequestDto, type CodecPayload } from './codec.dto';
import { CodecService } from './codec.service';

const COMMON_RESPONSES = [
  ApiResponse({ status: 400, description: 'Not `{ payloads: [{ metadata: {key: base64}, data: base64 }] }`.' }),
  ApiResponse({ status: 401, description: 'Missing or invalid API key or session.' }),
  ApiResponse({ status: 403, description: 'Not an admin, or a browser origin other than the Temporal UI’s.' }),
  ApiResponse({ status: 413, description: 'Body over 4 MB.' }),
  ApiResponse({ status: 415, description: 'Content-Type is not application/json.' }),
];

const withResponses = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of COMMON_RESPONSES) decorate(target, key, descriptor);
};

/**
 * The codec endpoint the Temporal UI and CLI call to show decrypted payloads
 * (docs/payload-encryption.md). Decrypting customer data is for admins only; a signed-in admin's
 * dashboard session works too, so the UI can call it with "include cross-origin credentials".
 * Origin, CORS and content type are checked before the guard, by CodecRequestGate.
 */
@ApiTags('codec')
@ApiBearerAuth()
@Controller('codec')
@Roles('admin')
@AcceptsSession()
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('encode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Encrypt payloads with the current key, as a worker would.' })
  @ApiResponse({ status: 200, description: 'The payloads, encrypted, in the same order.' })
  @withResponses()
  async encode(@Body() body: CodecRequestDto): Promise<{ payloads: CodecPayload[] }> {
    return { payloads: await this.codec.encode(body.payloads) };
  }

  @Post('decode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decrypt payloads with whichever key of the ring encrypted them; plain payloads come back unchanged.' })
  @ApiResponse({ status: 200, description: 'The payloads, decrypted, in the same order.' })
  @ApiResponse({ status: 422, description: 'A payload names a key not in the ring, or fails authentication.' })
  @withResponses()
  async decode(@Body() body: CodecRequestDto): Promise<{ payloads: CodecPayload[] }> {
    return { payloads: await this.codec.decode(body.payloads) };
  }
}
