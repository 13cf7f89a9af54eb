import { Icon } from '../../components/icons';
import { Badge } from '../../components/ui';

export function VisibilityBadge({ isPublic }: { isPublic: boolean }) {
  return isPublic ? (
    <Badge tone="brand">
      <Icon name="globe" size={12} /> public
    </Badge>
  ) : (
    <Badge>
      <Icon name="lock" size={12} /> private
    </Badge>
  );
}
