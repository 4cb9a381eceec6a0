import type { Worksheet } from 'exceljs';
import type { RosterCell, RosterGrid } from '../../domain';
import { rosterCell } from './sheet-cell';

/**
 * The worksheet as a grid: grid[r][c] is the cell at row r + 1, column c + 1, so a row's index plus one is
 * the row number the office sees in Excel and the report names. Rows without any value are empty arrays;
 * trailing empty rows and cells are left out. Every cell of a merged range carries the range's value (a
 * 党支部 name merged down its members' rows belongs to each of them).
 */
export function worksheetGrid(worksheet: Worksheet): { grid: RosterGrid; width: number } {
  const grid: RosterCell[][] = [];
  let width = 0;
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RosterCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      const value = rosterCell(cell.value);
      if (value === null) return;
      while (cells.length < columnNumber - 1) cells.push(null);
      cells[columnNumber - 1] = value;
    });
    if (cells.length === 0) return;
    while (grid.length < rowNumber - 1) grid.push([]);
    grid[rowNumber - 1] = cells;
    width = Math.max(width, cells.length);
  });
  return { grid, width };
}
