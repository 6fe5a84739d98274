using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommHub.Infrastructure.Data.Migrations.SqlServer
{
    /// <summary>
    /// Nothing to create: on SQL Server search matches substrings without an index (LikeSearchIndex), because full-text
    /// search is an optional feature that may not be installed. Kept so every provider has the same migration names.
    /// </summary>
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
