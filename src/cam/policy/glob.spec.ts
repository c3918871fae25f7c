import { globMatches, starPartsMatcher, variablesOf } from './glob.js';

const vars = variablesOf({ uin: '200*1', ownerUin: '100', appId: '12?' });

describe('globMatches', () => {
  it.each([
    ['*', '', true],
    ['*', 'any/thing\nat all', true],
    ['', '', true],
    ['', 'a', false],
    ['abc', 'abc', true],
    ['abc', 'ABC', false],
    ['a*', 'a', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbcd', false],
    ['*/orders', 'c/ns/orders', true],
    ['a**b', 'ab', true],
    ['*ab*ab*', 'xabyab', true],
    ['*ab*ab*', 'xaby', false],
    ['*aba', 'ababa', true],
    ['ab*ba', 'aba', false],
    ['*ab*bc', 'abc', false],
    ['*ab*bc', 'abbc', true],
    ['a?c', 'a?c', true],
    ['a?c', 'abc', false],
    ['(x)+.[y]', '(x)+.[y]', true],
  ])('%j vs %j → %s (`?` literal)', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });

  it.each([
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'a\nc', true],
    ['?', '😀', true], // one code point, two UTF-16 units
    ['??', '😀', false],
    ['*?', '😀', true],
    ['?*?', '😀', false],
    ['😀?', '😀😀', true],
    ['*\uDE00', '😀', false], // a lone surrogate never matches half of a pair
    ['\uD83D*', '😀', false],
    ['\uD83D*', '\uD83Da', true],
    ['*?b?*', 'xx😀b😀yy', true],
    ['*??b*', '😀😀b', true], // the `?`s before a literal step back by code points
    ['*?*a', 'a', false], // a middle segment may not overlap the last one
    ['*?*?', '😀', false],
  ])('%j vs %j → %s (questionMark)', (pattern, value, expected) => {
    expect(globMatches(pattern, value, { questionMark: true })).toBe(expected);
  });

  it('substitutes policy variables literally: a `*` or `?` in a value is not a wildcard', () => {
    expect(globMatches('user/${uin}', 'user/200*1', { vars })).toBe(true);
    expect(globMatches('user/${uin}', 'user/20001', { vars })).toBe(false);
    expect(globMatches('${app_id}', '12?', { vars, questionMark: true })).toBe(true);
    expect(globMatches('${app_id}', '123', { vars, questionMark: true })).toBe(false);
    expect(globMatches('${owner_uin}/*', '100/x', { vars })).toBe(true);
    // Unknown names, and any name without vars, stay as written.
    expect(globMatches('${nope}*', '${nope}x', { vars })).toBe(true);
    expect(globMatches('${uin}', '${uin}')).toBe(true);
    expect(globMatches('${uin}', '200*1')).toBe(false);
  });

  it('gives each set of variable values its own compiled pattern', () => {
    const other = variablesOf({ uin: '300', ownerUin: '100', appId: '1' });
    expect(globMatches('u/${uin}/*', 'u/200*1/x', { vars })).toBe(true);
    expect(globMatches('u/${uin}/*', 'u/200*1/x', { vars: other })).toBe(false);
    expect(globMatches('u/${uin}/*', 'u/300/x', { vars: other })).toBe(true);
  });
});

describe('starPartsMatcher', () => {
  it('matches the parts in order with any runs between them, the parts literal', () => {
    const test = starPartsMatcher(['ord', '?', 's']);
    expect(test('ord?s')).toBe(true);
    expect(test('orders-?-x-s')).toBe(true);
    expect(test('orders')).toBe(false);
    expect(starPartsMatcher(['orders'])('orders')).toBe(true);
    expect(starPartsMatcher(['orders'])('orders2')).toBe(false);
    expect(starPartsMatcher(['', ''])('')).toBe(true);
  });
});

describe('wildcards do not backtrack', () => {
  // The former regex took 9-16 s for ONE call of the first pattern against 64 "a"s.
  const patterns = [
    '*a*a*a*a*a*a*c',
    `*${'a*'.repeat(10)}c`,
    `*${'a*'.repeat(50)}c`,
    `topic/*${'a*'.repeat(32)}c`,
  ];
  const values = ['a'.repeat(64), 'a'.repeat(10_000), `topic/rocketmq-x/ns/${'a'.repeat(64)}`];

  it('answers the pathological patterns in milliseconds, `?` on and off, with and without variables', () => {
    const started = performance.now();
    for (const pattern of patterns) {
      for (const value of values) {
        for (const questionMark of [false, true]) {
          expect(globMatches(pattern, value, { questionMark })).toBe(false);
          expect(globMatches(`${pattern}\${uin}`, value, { questionMark, vars })).toBe(false);
          // Shifted by one: the value now ends as the pattern does, and matches.
          expect(globMatches(pattern, `${value}c`, { questionMark })).toBe(
            !pattern.startsWith('topic/') || value.startsWith('topic/'),
          );
        }
      }
      expect(starPartsMatcher(pattern.split('*'))(values[1])).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('is fast on `?`-heavy segments too (candidates are found by their first literal)', () => {
    const started = performance.now();
    const value = 'a'.repeat(10_000);
    expect(globMatches(`*${'?'.repeat(100)}b*`, value, { questionMark: true })).toBe(false);
    expect(globMatches(`*${'?a*'.repeat(31)}c`, `${value}c`, { questionMark: true })).toBe(true);
    expect(globMatches(`*${'😀?'.repeat(30)}*x`, '😀'.repeat(10_000), { questionMark: true })).toBe(
      false,
    );
    expect(performance.now() - started).toBeLessThan(200);
  });
});
