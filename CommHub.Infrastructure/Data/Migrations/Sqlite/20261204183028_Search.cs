using CommHub.Infrastructure.Search;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommHub.Infrastructure.Data.Migrations.Sqlite
{
    /// <summary>The FTS5 search tables and their triggers (no model change), filled from the rows already stored.</summary>
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SqliteSearchSchema.Create.Concat(SqliteSearchSchema.Rebuild)) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in SqliteSearchSchema.Drop) migrationBuilder.Sql(sql);
        }
    }
}
