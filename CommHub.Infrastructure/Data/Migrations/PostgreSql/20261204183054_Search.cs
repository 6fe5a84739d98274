using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommHub.Infrastructure.Data.Migrations.PostgreSql
{
    /// <summary>GIN expression indexes for full-text search (PostgreSqlSearchIndex); no model change.</summary>
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE INDEX "IX_Messages_Search" ON "Messages" USING GIN (to_tsvector('simple', "Text"))""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Conversations_Search" ON "Conversations" USING GIN (to_tsvector('simple', "Subject"))""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Attachments_Search" ON "Attachments" USING GIN (to_tsvector('simple', translate("FileName", '._-', '   ')))""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX "IX_Attachments_Search" """);
            migrationBuilder.Sql("""DROP INDEX "IX_Conversations_Search" """);
            migrationBuilder.Sql("""DROP INDEX "IX_Messages_Search" """);
        }
    }
}
