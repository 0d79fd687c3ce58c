/** Platform users and their roles, stored in the database; authentication itself lives in the runtime. */
package dev.trellis.core.security;
