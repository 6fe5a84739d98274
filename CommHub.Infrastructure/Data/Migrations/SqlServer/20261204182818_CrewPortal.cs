using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommHub.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CrewPortal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "SiteLatitude",
                table: "Projects",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SiteLongitude",
                table: "Projects",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckIn",
                table: "Messages",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "LocationAccuracy",
                table: "Messages",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LocationAt",
                table: "Messages",
                type: "datetime2",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SiteLatitude",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "SiteLongitude",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "CheckIn",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "LocationAccuracy",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "LocationAt",
                table: "Messages");
        }
    }
}
