import { describe, expect, it } from 'vitest';
import { checkRegistration, normaliseEmail } from './user-rules';

const ok = { username: 'alice', email: 'alice@example.com', password: 's3cret-pass' };

describe('checkRegistration', () => {
  it('accepts a valid registration, trimming text fields but not the password', () => {
    expect(
      checkRegistration({ username: '  alice ', email: ' Alice@Example.COM ', password: ' s3cret-pass ' }),
    ).toEqual({
      ok: true,
      value: { username: 'alice', email: 'Alice@example.com', password: ' s3cret-pass ' },
    });
  });

  it('names every missing field', () => {
    expect(checkRegistration({})).toEqual({
      ok: false,
      errors: {
        username: ['This field is required.'],
        email: ['This field is required.'],
        password: ['This field is required.'],
      },
    });
    expect(checkRegistration(null)).toMatchObject({ ok: false, errors: { username: ['This field is required.'] } });
  });

  it('rejects blanks and non-strings', () => {
    const r = checkRegistration({ username: '   ', email: 42, password: '' });
    expect(r).toEqual({
      ok: false,
      errors: {
        username: ['This field may not be blank.'],
        email: ['Not a valid string.'],
        password: ['This field may not be blank.'],
      },
    });
  });

  it.each([
    ['ab', ['Ensure this field has at least 3 characters.']],
    ['a'.repeat(151), ['Ensure this field has no more than 150 characters.']],
    ['with space', ['Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.']],
    ['héllo', ['Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.']],
    [
      'a!',
      [
        'Ensure this field has at least 3 characters.',
        'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
      ],
    ],
  ])('username %j → %j', (username, messages) => {
    expect(checkRegistration({ ...ok, username })).toEqual({ ok: false, errors: { username: messages } });
  });

  it('accepts every allowed username character and the length bounds', () => {
    for (const username of ['a.b@c+d-e_f', 'abc', 'a'.repeat(150), 'ALICE99']) {
      expect(checkRegistration({ ...ok, username }).ok).toBe(true);
    }
  });

  it.each(['plain', 'a@', '@b.io', 'a b@c.io'])('email %j is invalid', (email) => {
    expect(checkRegistration({ ...ok, email })).toEqual({
      ok: false,
      errors: { email: ['Enter a valid email address.'] },
    });
  });

  it('applies the password rules, including similarity to the username as typed', () => {
    expect(checkRegistration({ ...ok, username: 'Trader-Joe', password: 'trader-joe' })).toEqual({
      ok: false,
      errors: { password: ['The password is too similar to the username.'] },
    });
    expect(checkRegistration({ ...ok, password: '12345678' })).toEqual({
      ok: false,
      errors: { password: ['This password is entirely numeric.'] },
    });
  });

  it('reports several fields at once', () => {
    const r = checkRegistration({ username: 'x', email: 'nope', password: '1' });
    expect(r.ok).toBe(false);
    expect(Object.keys(r.ok ? {} : r.errors).sort()).toEqual(['email', 'password', 'username']);
  });
});

describe('normaliseEmail', () => {
  it('lower-cases the domain only', () => {
    expect(normaliseEmail('John.Doe@Example.COM')).toBe('John.Doe@example.com');
  });
});
