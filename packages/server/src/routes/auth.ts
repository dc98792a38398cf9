// Sign-in, tokens and user management.
import type { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { hashPassword, hashToken, newToken, verifyPassword } from "../auth.js";
import { type Deps, publicUser } from "../context.js";
import { VoxServerError } from "../errors.js";
import { type Env, route } from "../route.js";
import { CreateTokenBody, CreateUserBody, LoginBody, TokenOut, UpdateUserBody, UserOut } from "../schemas.js";

/** Registers /auth/* and /users/*. */
export function authRoutes(app: Hono<Env>, deps: Deps): void {
  const { store } = deps;
  const days = deps.options.sessionDays ?? 30;

  route(
    app,
    {
      method: "post",
      path: "/auth/login",
      summary: "sign in with a password; returns a session token (also set as a cookie)",
      tag: "auth",
      access: "public",
      body: LoginBody,
      response: TokenOut.extend({ user: UserOut }),
    },
    async ({ c, body }) => {
      const user = await store.getUserByName(body.name);
      const ok = user && !user.disabled && (await verifyPassword(body.password, user.passwordHash));
      if (!user || !ok) {
        await store.audit({
          userId: user?.id ?? null,
          action: "login-failed",
          target: `user:${body.name}`,
          now: deps.now(),
        });
        throw new VoxServerError("UNAUTHENTICATED", "wrong name or password");
      }
      const token = newToken();
      const expiresAt = deps.now() + days * 86_400_000;
      const t = await store.createToken({
        userId: user.id,
        hash: hashToken(token),
        kind: "session",
        name: "login",
        expiresAt,
        now: deps.now(),
      });
      await store.audit({ userId: user.id, action: "login", target: `user:${user.id}`, now: deps.now() });
      setCookie(c, "vox_session", token, {
        httpOnly: true,
        sameSite: "Lax",
        path: "/",
        maxAge: days * 86_400,
      });
      return { id: t.id, token, kind: t.kind, name: t.name, expiresAt, user: publicUser(user) };
    },
  );

  route(
    app,
    {
      method: "post",
      path: "/auth/logout",
      summary: "end this session",
      tag: "auth",
      access: "user",
      response: z.object({ ok: z.boolean() }),
    },
    async ({ c, user }) => {
      const tokenId = c.get("tokenId");
      if (tokenId !== undefined) await store.deleteToken(tokenId, user.id);
      deleteCookie(c, "vox_session", { path: "/" });
      return { ok: true };
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/auth/me",
      summary: "the signed-in user",
      tag: "auth",
      access: "user",
      response: UserOut,
    },
    async ({ user }) => publicUser(user),
  );

  route(
    app,
    {
      method: "post",
      path: "/auth/tokens",
      summary: "create an API token for yourself (shown once)",
      tag: "auth",
      access: "user",
      body: CreateTokenBody,
      response: TokenOut,
      status: 201,
    },
    async ({ user, body }) => {
      const token = newToken();
      const expiresAt = body.expiresInDays ? deps.now() + body.expiresInDays * 86_400_000 : null;
      const t = await store.createToken({
        userId: user.id,
        hash: hashToken(token),
        kind: "api",
        name: body.name,
        expiresAt,
        now: deps.now(),
      });
      await store.audit({
        userId: user.id,
        action: "token-create",
        target: `token:${t.id}`,
        now: deps.now(),
      });
      return { id: t.id, token, kind: t.kind, name: t.name, expiresAt };
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/auth/tokens",
      summary: "your tokens (never their secrets)",
      tag: "auth",
      access: "user",
    },
    async ({ user }) =>
      (await store.listTokens(user.id)).map((t) => ({
        id: t.id,
        kind: t.kind,
        name: t.name,
        createdAt: t.createdAt,
        expiresAt: t.expiresAt,
      })),
  );

  route(
    app,
    {
      method: "delete",
      path: "/auth/tokens/:tokenId",
      summary: "revoke one of your tokens",
      tag: "auth",
      access: "user",
      response: z.object({ ok: z.boolean() }),
    },
    async ({ user, param }) => {
      const ok = await store.deleteToken(param("tokenId"), user.id);
      if (!ok) throw new VoxServerError("NOT_FOUND", "no such token");
      return { ok };
    },
  );

  route(
    app,
    {
      method: "get",
      path: "/users",
      summary: "every user",
      tag: "users",
      access: ["admin"],
      response: z.array(UserOut),
    },
    async () => (await store.listUsers()).map(publicUser),
  );

  route(
    app,
    {
      method: "post",
      path: "/users",
      summary: "create a user",
      tag: "users",
      access: ["admin"],
      body: CreateUserBody,
      response: UserOut,
      status: 201,
    },
    async ({ user, body }) => {
      const passwordHash = body.password ? await hashPassword(body.password) : null;
      const u = await store.createUser({ name: body.name, role: body.role, passwordHash, now: deps.now() });
      await store.audit({
        userId: user.id,
        action: "user-create",
        target: `user:${u.id}`,
        detail: { role: u.role },
        now: deps.now(),
      });
      return publicUser(u);
    },
  );

  route(
    app,
    {
      method: "patch",
      path: "/users/:userId",
      summary: "change a user's role, password or disabled flag",
      tag: "users",
      access: ["admin"],
      body: UpdateUserBody,
      response: UserOut,
    },
    async ({ user, body, param }) => {
      const id = param("userId");
      const patch: Parameters<typeof store.updateUser>[1] = {};
      if (body.role) patch.role = body.role;
      if (body.disabled !== undefined) patch.disabled = body.disabled;
      if (body.password) patch.passwordHash = await hashPassword(body.password);
      const u = await store.updateUser(id, patch);
      await store.audit({
        userId: user.id,
        action: "user-update",
        target: `user:${id}`,
        detail: { role: body.role, disabled: body.disabled, password: body.password ? "changed" : undefined },
        now: deps.now(),
      });
      return publicUser(u);
    },
  );
}
