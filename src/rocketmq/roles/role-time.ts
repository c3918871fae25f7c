/** Role times as the SDK model has them: `YYYY-MM-DD HH:mm:ss` strings (UTC here). */
export const roleTimeSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')`;
