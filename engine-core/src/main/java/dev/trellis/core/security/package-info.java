/**
 * The people side of Trellis: users with their roles, departments (the organisation tree) and partner
 * accounts; password sign-in with throttling; API tokens; and the operation log of sign-ins and
 * permission changes. Authentication over HTTP lives in the runtime; this module decides who may.
 */
package dev.trellis.core.security;
