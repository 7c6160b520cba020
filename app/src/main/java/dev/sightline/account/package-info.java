/**
 * Users, the workspace they belong to, sign-in and personal API tokens. Other modules identify the
 * caller with {@link dev.sightline.account.SightlineUser} and scope every query by its workspace.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Accounts")
package dev.sightline.account;
