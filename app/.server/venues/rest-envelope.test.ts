import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ParseError, VenueError } from '~/.server/market/types';
import { codeEnvelopeUnwrapper } from './rest-envelope';
import { thrownBy } from './test-support/thrown';

// The two kinds of envelope the venues use, under made-up field names: a numeric code with an
// optional message, and a code sent as text or a number with a message that may also be null.
const numeric = codeEnvelopeUnwrapper({
  venue: 'bybit',
  codeField: 'status',
  messageField: 'note',
  dataField: 'payload',
  code: z.number(),
  message: z.string().optional(),
  okCode: '0',
});
const textual = codeEnvelopeUnwrapper({
  venue: 'bitget',
  codeField: 'rc',
  messageField: 'text',
  dataField: 'body',
  code: z.union([z.string(), z.number()]),
  message: z.string().nullish(),
  okCode: '00000',
});

describe('codeEnvelopeUnwrapper', () => {
  it('hands back the payload when the code is the success code', () => {
    expect(numeric({ status: 0, note: 'OK', payload: { list: [] }, time: 1 }, 'tickers')).toEqual({ list: [] });
    expect(textual({ rc: '00000', text: null, body: [1] }, 'contracts')).toEqual([1]);
  });

  it('turns any other code into a VenueError (status 200) with the message and the code under its name', () => {
    const refused = (fn: () => unknown) => thrownBy(fn, VenueError);
    const err = refused(() => numeric({ status: 10001, note: 'params error', payload: {} }, 'kline'));
    expect(err).toMatchObject({ venue: 'bybit', status: 200 });
    expect(err.message).toMatch(/params error \(status 10001\)$/);
    // The code is compared as text: the number 0 is not "00000".
    expect(refused(() => textual({ rc: 0, text: 'odd', body: null }, 'x')).message).toMatch(/odd \(rc 0\)$/);
    expect(refused(() => textual({ rc: '40034', text: '', body: null }, 'x')).message).toMatch(/error \(rc 40034\)$/);
  });

  it('throws a ParseError naming the field when the envelope is not the venue’s', () => {
    expect(() => numeric({ code: 0, data: {} }, 'tickers')).toThrow(ParseError);
    expect(() => numeric({ status: '0', payload: {} }, 'tickers')).toThrow(/unexpected tickers body at status/);
    expect(() => numeric({ status: 0, note: null, payload: {} }, 'tickers')).toThrow(/at note/);
    expect(() => textual({ rc: '00000', text: 5, body: [] }, 'contracts')).toThrow(/at text/);
  });
});
