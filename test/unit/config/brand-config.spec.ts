import { loadConfig } from '../../../src/config/config';
import type { Brand } from '../../../activities/notifications/templates';

const dev = { WAYBILL_ENV: 'development' };

describe('brand configuration', () => {
  it('defaults to the name Waybill and nothing else', () => {
    const brand: Brand = loadConfig(dev).brand;
    expect(brand).toEqual({ name: 'Waybill' });
  });

  it('takes the name, logo, colours and support address', () => {
    expect(
      loadConfig({
        ...dev,
        BRAND_NAME: 'Northwind Outfitters',
        BRAND_LOGO_URL: 'https://cdn.northwind.example/logo.png',
        BRAND_PRIMARY_COLOR: '#0B6E4F',
        BRAND_ACCENT_COLOR: '#aa3300',
        BRAND_SUPPORT_EMAIL: 'help@northwind.example',
      }).brand,
    ).toEqual({
      name: 'Northwind Outfitters',
      logoUrl: 'https://cdn.northwind.example/logo.png',
      primaryColor: '#0B6E4F',
      accentColor: '#aa3300',
      supportEmail: 'help@northwind.example',
    });
  });

  it.each([
    ['BRAND_LOGO_URL', 'http://cdn.northwind.example/logo.png'],
    ['BRAND_LOGO_URL', 'javascript:alert(1)'],
    ['BRAND_PRIMARY_COLOR', 'red'],
    ['BRAND_PRIMARY_COLOR', '#fff'],
    ['BRAND_ACCENT_COLOR', '#12345g'],
    ['BRAND_SUPPORT_EMAIL', 'support'],
    ['BRAND_NAME', '   '],
  ])('refuses %s=%p, naming the variable', (name, value) => {
    expect(() => loadConfig({ ...dev, [name]: value })).toThrow(name);
  });
});
