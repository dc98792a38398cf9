import { UsageError } from "./context.js";

/**
 * Maps label names to probability columns: by the probability file's header (CSV with column names), else by
 * `--classes a,b,c`, else labels that are all integers 0…K−1 are column indices themselves.
 */
export function classColumns(
  names: readonly string[],
  o: { k: number; header?: readonly string[] | undefined; classes?: string | undefined; probsPath: string },
): { columnOf: Int32Array; columnNames: string[] } {
  const { k } = o;
  let columnNames: string[] | undefined;
  if (o.classes) {
    columnNames = o.classes.split(",").map((s) => s.trim());
    if (columnNames.length !== k) {
      throw new UsageError(
        `--classes lists ${columnNames.length} classes but ${o.probsPath} has ${k} columns`,
      );
    }
  } else if (o.header && names.some((n) => o.header!.includes(n))) {
    columnNames = [...o.header];
  }
  const columnOf = new Int32Array(names.length);
  if (columnNames) {
    const index = new Map(columnNames.map((c, j) => [c, j]));
    names.forEach((name, i) => {
      const j = index.get(name);
      if (j === undefined) {
        throw new UsageError(
          `label ${JSON.stringify(name)} is not one of the probability columns (${columnNames!.join(", ")})`,
        );
      }
      columnOf[i] = j;
    });
    return { columnOf, columnNames };
  }
  names.forEach((name, i) => {
    const v = Number(name);
    if (!/^\d+$/.test(name) || v >= k) {
      throw new UsageError(
        `label ${JSON.stringify(name)} is not a column index 0…${k - 1} of ${o.probsPath}; name the columns with --classes a,b,c or a CSV header`,
      );
    }
    columnOf[i] = v;
  });
  return { columnOf, columnNames: Array.from({ length: k }, (_, j) => String(j)) };
}

/** Runs a core computation, turning its input errors (RangeError/TypeError) into usage errors (exit 2). */
export function coreCall<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) throw new UsageError(e.message);
    throw e;
  }
}
