/**
 * Who may do what: roles (a place in the role hierarchy plus permission sets) and permission sets
 * (object and field permissions), both metadata of an app. The record service enforces them.
 */
package dev.trellis.core.access;
