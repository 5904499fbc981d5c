import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ComputeVatDto, type VatBreakdown } from './vat.dto.js';
import { VatService } from './vat.service.js';

@Controller('vat')
export class VatController {
  constructor(private readonly vat: VatService) {}

  /** POST /api/v1/vat/compute {"amount": 100, "rate": 20} -> {"net":100,"vat":20,"gross":120,...} */
  @Post('compute')
  @HttpCode(200)
  compute(@Body() body: ComputeVatDto): VatBreakdown {
    return this.vat.compute(body.amount, body.rate, body.amountIncludesVat ?? false);
  }
}
