"use client";
// Admin: projects, environments, users and API tokens, each section independent (one failing does not hide the others).
import { PageHeading } from "../../page-heading";
import { linkClass } from "../../ui";
import { ChannelsPanel } from "./channels-panel";
import { EnvironmentsPanel } from "./environments-panel";
import { ProjectsPanel } from "./projects-panel";
import { SsoSettingsPanel } from "./sso-settings-panel";
import { TokensPanel } from "./tokens-panel";
import { UsersPanel } from "./users-panel";

export function AdminScreen({ currentUserId }: { currentUserId: string }) {
  return (
    <div className="space-y-10">
      <PageHeading title="Admin">
        <nav aria-label="Admin sections" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <a href="#projects-heading" className={linkClass}>
            Projects
          </a>
          <a href="#environments-heading" className={linkClass}>
            Environments
          </a>
          <a href="#users-heading" className={linkClass}>
            Users
          </a>
          <a href="#tokens-heading" className={linkClass}>
            API tokens
          </a>
          <a href="#sso-heading" className={linkClass}>
            Single sign-on
          </a>
          <a href="#channels-heading" className={linkClass}>
            Notifications
          </a>
        </nav>
      </PageHeading>
      <ProjectsPanel />
      <EnvironmentsPanel />
      <UsersPanel currentUserId={currentUserId} />
      <TokensPanel />
      <SsoSettingsPanel />
      <ChannelsPanel />
    </div>
  );
}
