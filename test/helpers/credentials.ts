/** The password every test account is made with (and the test server's TANDEM_ADMIN_PASSWORD). */
export const TEST_PASSWORD = 'correct horse battery staple';
