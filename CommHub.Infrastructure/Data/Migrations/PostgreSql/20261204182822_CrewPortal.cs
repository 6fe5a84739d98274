using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommHub.Infrastructure.Data.Migrations.PostgreSql
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
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SiteLongitude",
                table: "Projects",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckIn",
                table: "Messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "LocationAccuracy",
                table: "Messages",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LocationAt",
                table: "Messages",
                type: "timestamp with time zone",
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
