using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommHub.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ChannelFidelity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmailReferences",
                table: "Messages",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailReplyTo",
                table: "Messages",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailSubject",
                table: "Messages",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SkipKind",
                table: "InboundUpdates",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EmailReferences",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "EmailReplyTo",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "EmailSubject",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "SkipKind",
                table: "InboundUpdates");
        }
    }
}
