import { IsBoolean, IsNumber, IsOptional, Max, Min } from 'class-validator';

export class ComputeVatDto {
  /** Amount in euros, at most 2 decimals. Net unless amountIncludesVat is true. */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000_000)
  amount: number;

  /** VAT rate in percent, e.g. 20, 10, 5.5 or 2.1 (at most 3 decimals). */
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0)
  @Max(100)
  rate: number;

  @IsOptional()
  @IsBoolean()
  amountIncludesVat?: boolean;
}

export interface VatBreakdown {
  net: number;
  vat: number;
  gross: number;
  rate: number;
  currency: 'EUR';
}
