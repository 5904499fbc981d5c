import { VatService } from './vat.service.js';

describe('VatService', () => {
  const service = new VatService();

  it('adds VAT to a net amount', () => {
    expect(service.compute(100, 20)).toEqual({ net: 100, vat: 20, gross: 120, rate: 20, currency: 'EUR' });
  });

  it('rounds VAT half up to the cent', () => {
    // 19.99 * 5.5 % = 1.09945 -> 1.10
    expect(service.compute(19.99, 5.5)).toMatchObject({ net: 19.99, vat: 1.1, gross: 21.09 });
    // 0.10 * 5 % = 0.005 -> 0.01
    expect(service.compute(0.1, 5).vat).toBe(0.01);
  });

  it('avoids binary floating point errors', () => {
    // 0.1 + 0.2 style traps: 1.15 * 10 % = 0.115 -> 0.12
    expect(service.compute(1.15, 10)).toMatchObject({ vat: 0.12, gross: 1.27 });
  });

  it('splits a gross amount so that net + vat === gross', () => {
    const result = service.compute(120, 20, true);
    expect(result).toMatchObject({ net: 100, vat: 20, gross: 120 });
    const odd = service.compute(10, 5.5, true);
    expect(odd).toMatchObject({ net: 9.48, vat: 0.52, gross: 10 });
  });

  it('handles zero rate and large amounts', () => {
    expect(service.compute(42.5, 0)).toMatchObject({ net: 42.5, vat: 0, gross: 42.5 });
    expect(service.compute(1_000_000_000, 20)).toMatchObject({ vat: 200_000_000, gross: 1_200_000_000 });
  });
});
