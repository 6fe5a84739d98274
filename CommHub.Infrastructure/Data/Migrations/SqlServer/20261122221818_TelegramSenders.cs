using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommHub.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TelegramSenders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SenderContactId",
                table: "Messages",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Channels",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ErrorCount",
                table: "Channels",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Messages_SenderContactId",
                table: "Messages",
                column: "SenderContactId");

            migrationBuilder.AddForeignKey(
                name: "FK_Messages_Contacts_SenderContactId",
                table: "Messages",
                column: "SenderContactId",
                principalTable: "Contacts",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Messages_Contacts_SenderContactId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_SenderContactId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "SenderContactId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "ErrorCount",
                table: "Channels");
        }
    }
}
