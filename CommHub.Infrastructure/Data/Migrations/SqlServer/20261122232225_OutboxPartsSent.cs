using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommHub.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class OutboxPartsSent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PartsSent",
                table: "Outbox",
                type: "int",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PartsSent",
                table: "Outbox");
        }
    }
}
