using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommHub.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AnalyticsReadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ConversationCycles_FirstInboundAt",
                table: "ConversationCycles");

            migrationBuilder.DropIndex(
                name: "IX_ConversationCycles_ResolvedAt",
                table: "ConversationCycles");

            migrationBuilder.DropIndex(
                name: "IX_ConversationCycles_StartedAt",
                table: "ConversationCycles");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsHours_LabelId_HourStart_ChannelId_AgentKey",
                table: "AnalyticsHours");

            migrationBuilder.CreateIndex(
                name: "IX_ConversationCycles_FirstInboundAt_FirstResponseSeconds_Chan~",
                table: "ConversationCycles",
                columns: new[] { "FirstInboundAt", "FirstResponseSeconds", "ChannelId", "FirstResponderId" });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationCycles_ResolvedAt_ResolutionSeconds_ChannelId_A~",
                table: "ConversationCycles",
                columns: new[] { "ResolvedAt", "ResolutionSeconds", "ChannelId", "AgentId" });

            migrationBuilder.CreateIndex(
                name: "IX_ConversationCycles_StartedAt_ResolvedAt_ChannelId_AgentId",
                table: "ConversationCycles",
                columns: new[] { "StartedAt", "ResolvedAt", "ChannelId", "AgentId" });

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsHours_LabelId_AgentKey_HourStart_ChannelId",
                table: "AnalyticsHours",
                columns: new[] { "LabelId", "AgentKey", "HourStart", "ChannelId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ConversationCycles_FirstInboundAt_FirstResponseSeconds_Chan~",
                table: "ConversationCycles");

            migrationBuilder.DropIndex(
                name: "IX_ConversationCycles_ResolvedAt_ResolutionSeconds_ChannelId_A~",
                table: "ConversationCycles");

            migrationBuilder.DropIndex(
                name: "IX_ConversationCycles_StartedAt_ResolvedAt_ChannelId_AgentId",
                table: "ConversationCycles");

            migrationBuilder.DropIndex(
                name: "IX_AnalyticsHours_LabelId_AgentKey_HourStart_ChannelId",
                table: "AnalyticsHours");

            migrationBuilder.CreateIndex(
                name: "IX_ConversationCycles_FirstInboundAt",
                table: "ConversationCycles",
                column: "FirstInboundAt");

            migrationBuilder.CreateIndex(
                name: "IX_ConversationCycles_ResolvedAt",
                table: "ConversationCycles",
                column: "ResolvedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ConversationCycles_StartedAt",
                table: "ConversationCycles",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AnalyticsHours_LabelId_HourStart_ChannelId_AgentKey",
                table: "AnalyticsHours",
                columns: new[] { "LabelId", "HourStart", "ChannelId", "AgentKey" },
                unique: true);
        }
    }
}
