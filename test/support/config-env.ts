/**
 * The least environment loadConfig accepts in production: every required dependency named, and
 * nothing optional. Config specs spread their own variables over it to see what each one changes.
 */
export const PRODUCTION_ENV = Object.freeze({
  WAYBILL_ENV: 'production',
  MONGODB_URI: 'mongodb://mongo:27017/waybill',
  WAYBILL_API_KEYS: 'platform:0123456789abcdef',
  SMTP_URL: 'smtp://smtp.example.com:587',
  UPS_BASE_URL: 'https://onlinetools.ups.com',
  UPS_CLIENT_ID: 'id',
  UPS_CLIENT_SECRET: 'secret',
  CUSTOMER_TOKEN_SECRETS: 'k1:0123456789abcdef0123456789abcdef',
  PAYLOAD_ENCRYPTION_KEYS: 'k1:Y29uZmlnLXNwZWMtcHJvZHVjdGlvbi1rZXktMzJieXQ=',
});
