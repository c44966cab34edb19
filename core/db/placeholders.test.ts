import { describe, expect, it } from 'vitest';
import { bindValues, translatePlaceholders, translated } from './placeholders';

describe('placeholder translation for PostgreSQL', () => {
  it('numbers anonymous ? in order', () => {
    expect(translatePlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toEqual({
      text: 'SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)',
      sources: [{ index: 0 }, { index: 1 }, { index: 2 }],
    });
  });

  it('leaves a ? inside a string literal, with doubled quotes, as text', () => {
    expect(translatePlaceholders("SELECT 'what? it''s ?' || ? FROM t").text).toBe("SELECT 'what? it''s ?' || $1 FROM t");
  });

  it('leaves quoted identifiers, comments and dollar-quoted bodies alone', () => {
    const sql = `SELECT "odd?name", "say ""@x""" -- is it? :y
      /* @z and ? */ FROM t WHERE c = $body$ ? @w $body$ AND d = $$:v$$ AND e = ?`;
    const t = translatePlaceholders(sql);
    expect(t.sources).toEqual([{ index: 0 }]);
    expect(t.text).toBe(sql.replace(/= \?$/, '= $1'));
  });

  it('keeps :: casts and json paths in strings', () => {
    expect(translatePlaceholders("SELECT x::text, json_extract(d, '$.reason') FROM t WHERE y = :y::int").text).toBe("SELECT x::text, json_extract(d, '$.reason') FROM t WHERE y = $1::int");
  });

  it('binds @x, :x and $x from one object, the same $n each time a name comes back', () => {
    const t = translatePlaceholders('INSERT INTO t VALUES (@now, :name, $kind, @now)');
    expect(t.text).toBe('INSERT INTO t VALUES ($1, $2, $3, $1)');
    expect(bindValues(t, [{ now: 5, name: 'A', kind: 'x' }])).toEqual([5, 'A', 'x']);
  });

  it('binds ?NNN by number and mixes positional values with a named object', () => {
    const t = translatePlaceholders('SELECT ?2, ?1, @n');
    expect(t.text).toBe('SELECT $1, $2, $3');
    expect(bindValues(t, ['a', 'b', { n: 3 }])).toEqual(['b', 'a', 3]);
  });

  it('spreads an array argument as better-sqlite3 does', () => {
    expect(bindValues(translatePlaceholders('SELECT ?, ?'), [[1, 2]])).toEqual([1, 2]);
  });

  it('refuses missing and extra values as better-sqlite3 does', () => {
    expect(() => bindValues(translatePlaceholders('SELECT ?, ?'), [1])).toThrow(/Too few parameter values/);
    expect(() => bindValues(translatePlaceholders('SELECT ?'), [1, 2])).toThrow(/Too many parameter values/);
    expect(() => bindValues(translatePlaceholders('SELECT @a'), [{ b: 1 }])).toThrow(/Missing named parameter "a"/);
  });

  it('keeps one translation per SQL text', () => {
    expect(translated('SELECT ? AS cached')).toBe(translated('SELECT ? AS cached'));
  });
});
