/**
 * What other packages may rely on: the contract between the instances (the identity file the
 * launch template's user data writes) and the revisions (the layout the build passes to
 * `deploy-hooks bundle --layout`). The CLI is `bin/deploy-hooks`.
 */
export {
  BUNDLE_LAYOUT_KEYS,
  BundleLayout,
  IDENTITY_KEYS,
  Identity,
  IdentityKey,
  LAYOUT_KEYS,
  LayoutKey,
  parseEnvFile,
  parseLayout,
  renderLayoutEnv,
} from './revision/identity';
export { REVISION } from './revision/layout';
