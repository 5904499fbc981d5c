import { Injectable } from '@nestjs/common';
import type { VatBreakdown } from './vat.dto.js';

/** Rate scale: rates are handled in thousandths of a percent (5.5 % -> 5500). */
const RATE_SCALE = 100_000n;

/** Rounds num/den to the nearest integer, halves away from zero (num, den >= 0). */
function roundDiv(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

@Injectable()
export class VatService {
  /**
   * Splits an amount into net, VAT and gross, in integer cents so that
   * net + vat === gross exactly; VAT is rounded half up to the cent.
   */
  compute(amount: number, rate: number, amountIncludesVat = false): VatBreakdown {
    const cents = BigInt(Math.round(amount * 100));
    const rateMilli = BigInt(Math.round(rate * 1000));
    let net: bigint;
    let vat: bigint;
    if (amountIncludesVat) {
      net = roundDiv(cents * RATE_SCALE, RATE_SCALE + rateMilli);
      vat = cents - net;
    } else {
      net = cents;
      vat = roundDiv(cents * rateMilli, RATE_SCALE);
    }
    return {
      net: Number(net) / 100,
      vat: Number(vat) / 100,
      gross: Number(net + vat) / 100,
      rate,
      currency: 'EUR',
    };
  }
}
