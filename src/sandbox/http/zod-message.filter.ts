import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';

function issueText(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.');
  // Custom messages already name their field ("carrier fedex is not supported …"); generic ones do not.
  return field && !issue.message.startsWith(String(issue.path[0])) ? `${field}: ${issue.message}` : issue.message;
}

/**
 * Puts the reason for a rejected request in `message`, where people read first, instead of nestjs-zod's
 * generic "Validation failed". The zod issues stay in `errors`, as everywhere else in the API.
 */
@Catch(ZodValidationException)
export class ZodMessageFilter implements ExceptionFilter {
  catch(exception: ZodValidationException, host: ArgumentsHost): void {
    const zodError = exception.getZodError();
    const issues = zodError instanceof z.ZodError ? zodError.issues : [];
    const message = issues.length > 0 ? issues.map(issueText).join('; ') : exception.message;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(HttpStatus.BAD_REQUEST)
      .json({ statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', message, errors: issues });
  }
}

